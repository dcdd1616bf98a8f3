"""One module per resource group: its schemas, its ``ApiBlueprint`` (``blp``) and operations."""
