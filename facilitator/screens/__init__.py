"""The screens, a module each (the editor a package), and the key help and commands they share."""
