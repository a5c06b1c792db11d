"""Development and test stand-ins for every service Alur needs, started and stopped by PID."""
