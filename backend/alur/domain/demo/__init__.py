"""A demo office at work (dev profile only): demo people, published SOPs, simulated weeks."""
