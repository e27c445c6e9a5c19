"""The store's data version: one number that every write transaction raises
(``Store.data_version``). A reader that remembers an answer with the version it read before
computing it knows the answer still holds while the number has not moved, whichever process
wrote since (the server's answer cache, ``marsad.server.cache``). Numbered 14: 13 is left to
the stored event markings."""

SQL = """
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0)
"""
