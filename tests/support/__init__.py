"""What the shared fixtures are made of; tests reach these through fixtures in conftest.py."""
