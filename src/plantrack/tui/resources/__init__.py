"""Resource screens: weekly load against capacity with its forms, and leveling on demand."""
