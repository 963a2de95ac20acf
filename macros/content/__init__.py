"""YAML -> model: reading, validating and cross-checking data/, and the Module the rest is built from."""
from .load import COLLECTIONS, ContentError, load_module
from .model import Module

__all__ = ["COLLECTIONS", "ContentError", "Module", "load_module"]
