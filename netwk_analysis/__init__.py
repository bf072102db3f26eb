"""netwk_analysis: the weekly review of an informational-interview network kept in a spreadsheet.

Flow (one direction): ``core`` (contract, facts, model) -> ``reading`` / ``writing`` ->
``analyses`` (frames in, frames out) -> ``presentation`` (charts, page, calendar) -> ``cli``.
"""

from netwk_analysis.core.model import Network, Problem, Settings, UnreadableWorkbook

__all__ = ["Network", "Problem", "Settings", "UnreadableWorkbook", "load_network"]


def __getattr__(name: str):
    # Lazy so `import netwk_analysis` stays light (no openpyxl/calamine until a file is read).
    if name == "load_network":
        from netwk_analysis.reading.load import load_network

        return load_network
    raise AttributeError(name)
