"""The user's own notification settings."""

from django import forms

from liuyang.forms import BootstrapMixin

from .models import NotificationPreference


class PreferenceForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email_enabled", "email"]
