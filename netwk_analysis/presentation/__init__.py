"""Presentation: frames and an ``ax`` in, the ``ax`` out (``plots``, ``tree_plot``: a new chart
goes here), the weekly page (``report``), the calendar (``calendar``), terminal tables
(``tables``)."""
