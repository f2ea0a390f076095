"""What every WEBOX app shares. Imports no app."""
