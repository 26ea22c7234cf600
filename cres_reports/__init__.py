"""Reporting pipeline for the CNCRES inventories of the regional chambers (CRES/CRESS)."""

__version__ = "0.1.0"


def reset_state() -> None:
    """Forget what earlier notebooks left in a reused (warm) kernel.

    Every module-level state that shapes a report's output is reset here.
    """
    from .present import charts, display

    charts.reset()
    display.reset()
