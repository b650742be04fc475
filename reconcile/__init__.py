"""reconcile: find where published figures disagree, and say why."""
