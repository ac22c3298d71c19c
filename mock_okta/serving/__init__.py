"""How the org is served: a server on a thread, TLS for --https, the document
cache in front of discovery and keys, and lazily compiled URL rules."""
