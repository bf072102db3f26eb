"""What every stage shares, declared once: the workbook contract (``schema``), the domain facts
(``facts``: due-item kinds, stages, colours) and the in-memory model (``model``: ``Network``)."""
