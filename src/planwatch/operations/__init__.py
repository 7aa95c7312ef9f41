"""Operating a planwatch installation: backup and restore of the database and the media files (docs/operations.md)."""
