"""Alur: government SOPs run as live, tracked work."""
