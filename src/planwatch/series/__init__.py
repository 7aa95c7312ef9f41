"""Indicator series: the same indicator in several documents, its values of record held once (docs/series.md)."""
