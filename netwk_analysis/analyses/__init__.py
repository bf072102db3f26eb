"""Analyses: frames in, frames out. ``frames`` (shared helpers), ``businessdays``, ``metrics``,
``followups`` (the due list; a new due-item kind goes here and in ``core.facts``),
``referrals``, ``review`` (the week's key numbers)."""
