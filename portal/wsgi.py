"""The WSGI application, for a production server (gunicorn, uWSGI) behind HTTPS: see the README."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()
