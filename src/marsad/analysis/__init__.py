"""Analyses over the knowledge base: each module takes a Store (or plain DataFrames) and returns
typed results or DataFrames; the CLI, the API and the dashboard only present them."""
