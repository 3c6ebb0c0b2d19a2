"""Two-factor login (TOTP, RFC 6238) for the people who work with case data, in front of the
case pages and the admin.

- `is_verified(request)`: the second factor was confirmed in this session, by this user,
  within the idle limit. The case pages' entry and the admin (hook `admin_second_factor`)
  ask it; `verify_url(region)` is where they send someone who has not.
- models.py: the authenticator (`TOTPDevice`, its key encrypted at rest).
- enrolment.py: the one-time link that shows a new key to its person only.
- staff_views.py: the page that asks for the code (wrong codes are throttled) and the link's page.

Which pages need it is decided by the modules: a module that wants a second factor in a
region answers the hook `second_factor_home(user, region)` (see core/modules.py).
"""

from ankommen.twofactor.session import is_verified, mark_verified, verify_url

__all__ = ["is_verified", "mark_verified", "verify_url"]
