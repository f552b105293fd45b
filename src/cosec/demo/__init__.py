"""The East Asia demo scenario: a deterministic year under the eas-2026 charter."""
