"""E-mail alerts: new findings about a user's state, deadlines near, FLASH messages."""
