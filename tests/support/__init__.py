"""What the shared fixtures are made of (tests reach most through fixtures in conftest.py),
and the clocks moved by hand that tests, screenshots and benchmarks run meetings on."""
