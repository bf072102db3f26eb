"""Cell values in bulk: the two ways every reader of a column works, declared once.

Converting a column (dates, names, fixed-list values) costs a fixed amount per call plus a
little per value. A column of 400,000 cells holds a few hundred distinct values, so each
distinct value is converted once and the results spread back to every cell; up to ``FEW``
cells, finding the distinct values costs more than it saves, and the cells are converted all
together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

__all__ = ["FEW", "TEXT", "arrow_text", "per_distinct"]

TEXT = pd.StringDtype()

#: Up to this many cells, a column is converted all together, not once per distinct value.
FEW = 1_000


def arrow_text(values: pd.Series) -> pa.Array:
    """Cells as one Arrow text array (chunks joined)."""
    cells = pa.array(values.astype(TEXT).array)
    return cells.combine_chunks() if isinstance(cells, pa.ChunkedArray) else cells


def per_distinct(values: pd.Series, convert) -> tuple[pd.Series, ...]:
    """Apply ``convert`` once per distinct cell value, then spread its results to every cell.

    ``convert`` takes a Series of values and returns a Series or a tuple of Series aligned with
    it; missing cells get <NA> (NaT for days, False for boolean masks). Up to ``FEW`` cells,
    ``convert`` is applied to ``values`` as they are.
    """
    if len(values) <= FEW:  # finding the distinct values would cost more than it saves
        results = convert(values)
        return results if isinstance(results, tuple) else (results,)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)  # Arrow's hash for text
    results = convert(pd.Series(uniques))
    spread = []
    for result in results if isinstance(results, tuple) else (results,):
        if result.dtype == bool:
            flags = np.append(result.to_numpy(dtype=bool), False)
            array = flags[codes]  # code -1 (a missing cell) picks the appended False
        else:
            array = pd.api.extensions.take(result.array, codes, allow_fill=True)
        spread.append(pd.Series(array, index=values.index))
    return tuple(spread)
