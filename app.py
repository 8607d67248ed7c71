"""Compose the app: settings, services, interface; then serve it."""

from interviewer.config import load_settings
from interviewer.services import Services
from interviewer.ui import launch

if __name__ == "__main__":
    launch(Services(load_settings()))
