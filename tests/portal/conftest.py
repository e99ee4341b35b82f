"""The portal synced from the sample's run, with a user at each of two suppliers and an officer."""

import pytest

from core.config import load_config
from portal.returns.accounts import add_user
from portal.returns.models import Contract
from portal.returns.sync import sync
from tests.portal.pages import PASSWORD


@pytest.fixture
def synced(sample_run, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "evidence"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    config, _ = sample_run
    return sync(load_config(config))


@pytest.fixture
def people(synced):
    greystone = Contract.objects.get(contract_id="SC-001").supplier
    wickham = Contract.objects.get(contract_id="SC-002").supplier
    return {
        "greystone": add_user("ops@greystone.example", greystone.supplier_id, False, PASSWORD),
        "wickham": add_user("bids@wickham.example", wickham.supplier_id, False, PASSWORD),
        "officer": add_user("officer@council.example", None, True, PASSWORD),
    }
