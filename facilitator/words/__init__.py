"""Every phrase the app shows, and the languages it speaks."""
