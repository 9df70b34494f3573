"""The operating system's side: files, paths, settings, signals, start-up and the terminal."""
