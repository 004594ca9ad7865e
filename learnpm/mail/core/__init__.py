"""The rules of delivery that need neither Flask nor the database: when to try again, when to give up."""
