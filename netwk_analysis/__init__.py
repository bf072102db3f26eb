"""netwk_analysis: the weekly review of an informational-interview network kept in a spreadsheet.

Flow (one direction): ``load`` -> ``Network`` frames -> ``referrals`` / ``metrics`` /
``followups`` -> ``plots`` -> ``report`` / ``cli`` / notebooks.
"""

from netwk_analysis.model import Network, Problem, Settings, UnreadableWorkbook

__all__ = ["Network", "Problem", "Settings", "UnreadableWorkbook", "load_network"]


def __getattr__(name: str):
    # Lazy so `import netwk_analysis` stays light (no openpyxl/calamine until a file is read).
    if name == "load_network":
        from netwk_analysis.load import load_network

        return load_network
    raise AttributeError(name)
