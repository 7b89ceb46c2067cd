"""mkdocs_plugin"""
