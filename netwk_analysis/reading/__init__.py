"""Reading: guards around the bytes (``guards``), spreadsheet formats (``workbook``), the
contract applied to them (``load`` -> ``Network``). A new import format goes here."""
