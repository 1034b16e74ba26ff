"""Tests of the readers: spreadsheets, CSV files and Open SDG repositories."""
