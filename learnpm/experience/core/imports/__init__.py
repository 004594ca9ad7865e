"""Imports from the tools people track time in: Toggl Track, Clockify and Harvest exports, any spreadsheet, calendars."""
