"""Files the toolkit creates: atomic writes (``files``), formula escaping (``escape``), the empty
template (``template``) and the synthetic demo workbook (``demo``)."""
