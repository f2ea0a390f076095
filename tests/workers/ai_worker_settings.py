"""Settings of the Celery worker started by the AI worker tests (tests/workers/ai_support.py).

The test settings, pointed at the test process's database and private media, with the slow
provider and model added and tasks routed to the test's own queue.
"""

import os

from webox.settings.test import *  # noqa: F403
from webox.settings.test import AI_MODELS, AI_PROVIDERS, DATABASES

from .ai_support import SLOW_MODEL, slow_provider_config

DATABASES["default"]["NAME"] = os.environ["WEBOX_TEST_DB_NAME"]
PRIVATE_MEDIA_ROOT = os.environ["WEBOX_TEST_PRIVATE_MEDIA_ROOT"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["WEBOX_TEST_QUEUE"]
AI_PROVIDERS = {
    **AI_PROVIDERS,
    "slow": slow_provider_config(
        pid_file=os.environ["WEBOX_TEST_SLOW_PID_FILE"], seconds=float(os.environ["WEBOX_TEST_SLOW_SECONDS"])
    ),
}
AI_MODELS = [*AI_MODELS, SLOW_MODEL]
