"""SHACL validation: the completeness report and its rendering."""
