"""The tokens the engine's kept results hang on (registry/results.py): one for the register as a whole, one per
document. Random tokens rather than counters, so that a restored backup cannot meet results kept for a number it
reaches again."""

from django.db import models


class RegisterRevision(models.Model):
    """One row whose token changes when anything the engine reads changes, whatever the document."""

    token = models.CharField(max_length=32)


class DocumentRevision(models.Model):
    """A document's token: it changes when a row the engine reads for that document changes, its own rows or the
    values a series lends it from another document. A plain number, not a foreign key, so that renewing the token of
    a document deleted in the same transaction is harmless. The row of document 0 is the epoch, part of every
    document's token: it changes when a change could not be traced to its documents, retiring all results at once."""

    document_id = models.PositiveBigIntegerField(primary_key=True)
    token = models.CharField(max_length=32)
