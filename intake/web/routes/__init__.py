"""The console's screens, one module per concern; each exposes `routes`."""
