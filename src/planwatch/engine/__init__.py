"""The computation engine: pure Python, no Django.

Periods, target expressions, growth arithmetic, what must still be reached, assessment and status.
Django apps translate their models into these types and back.
"""
