"""Participants: the list (the participant file comes next)."""
