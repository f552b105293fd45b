"""Pure kernels over columnar arrays: NumPy, Numba and the standard library only.

Every kernel takes arrays and numbers and returns arrays; none reads a file, a clock, a
database or a global. They are compiled with ``cache=True`` so the JIT cost is paid once
per machine, not once per process.
"""
