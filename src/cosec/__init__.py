"""cosec: the working system of a co-operative security mechanism."""

__version__ = "0.1.0"
