"""Dramatiq workers for Alur."""
