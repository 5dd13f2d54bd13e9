"""The application around the screens: start-up, wiring of the core services, error reporting, shutdown."""
