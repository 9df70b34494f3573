"""Small widgets that render meeting state; they decide nothing."""
