"""What the browser journeys share: signing in, and a small PDF to upload."""

from tests.factories import PASSWORD


def sign_in(page, base, username, password=PASSWORD):
    """Sign ``username`` in through the login form (factory users have PASSWORD)."""
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form [type=submit]")
    page.wait_for_load_state()


def pdf_file(name):
    """A file for Playwright's ``set_input_files``: a small valid-looking PDF named ``name``."""
    body = b"%PDF-1.4\n" + b"0" * 200 + b"\n%%EOF\n"
    return {"name": name, "mimeType": "application/pdf", "buffer": body}
