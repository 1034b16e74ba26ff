"""Tests of the optional integrations: pandas, matplotlib, notebooks and a web service."""
