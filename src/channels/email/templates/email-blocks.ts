// Content elements reused by several built-in templates, written out in full so the assembled MJML stays readable.
import type { EmailLocale } from '../email-template.types';

/** "Hi Jane," or "Hi there," when the first name is unknown. */
export const greeting: Record<EmailLocale, string> = {
  en: `<mj-text>Hi {{ contact.first_name | default: "there" }},</mj-text>`,
  nl: `<mj-text>Hallo{% if contact.first_name != blank %} {{ contact.first_name }}{% endif %},</mj-text>`,
};

const totalLabel: Record<EmailLocale, string> = { en: 'Total', nl: 'Totaal' };

/** The products of `source` (`cart` or `event`), with photo, name, quantity and price, and the total. */
export function productTable(locale: EmailLocale, source: 'cart' | 'event'): string {
  return `
        {% if ${source}.products.size > 0 %}
        <mj-table cellpadding="8px" font-size="15px" line-height="22px" color="#1f2937">
          {% for product in ${source}.products %}
          <tr style="border-bottom: 1px solid #e5e7eb;">
            <td width="80">
              {% if product.image_url != blank %}<a href="{{ product.url | default: ${source}.checkout_url }}"><img src="{{ product.image_url }}" alt="{{ product.name }}" width="64" style="display: block; border-radius: 4px;" /></a>{% endif %}
            </td>
            <td>
              <a href="{{ product.url | default: ${source}.checkout_url }}" style="color: #111827; font-weight: bold; text-decoration: none;">{{ product.name }}</a><br />
              {{ product.quantity | default: 1 }} × {{ product.price | money: ${source}.currency }}
            </td>
          </tr>
          {% endfor %}
          {% assign total = ${source}.value | default: ${source}.total %}
          {% if total %}
          <tr>
            <td></td>
            <td style="font-weight: bold;">${totalLabel[locale]}: {{ total | money: ${source}.currency }}</td>
          </tr>
          {% endif %}
        </mj-table>
        {% endif %}`;
}

const shopLabel: Record<EmailLocale, string> = { en: 'Visit our shop', nl: 'Naar de winkel' };

/** A button to the shop's home page, shown only when the workspace has a URL. */
export function shopButton(locale: EmailLocale): string {
  return `
        {% if workspace.url != blank %}
        <mj-button href="{{ workspace.url }}">${shopLabel[locale]}</mj-button>
        {% endif %}`;
}

const scaleLabel: Record<EmailLocale, string> = {
  en: '0 = not at all likely, 10 = extremely likely',
  nl: '0 = helemaal niet waarschijnlijk, 10 = zeer waarschijnlijk',
};

/** The 0-10 NPS scale as links to the review page, each pre-selecting its score there (`?score=N`). */
export function scoreRow(locale: EmailLocale): string {
  return `
        <mj-text align="center" font-size="15px" line-height="40px">
          {% for score in (0..10) %}<a href="{{ links.review }}?score={{ score }}" style="display: inline-block; width: 32px; line-height: 32px; margin: 0 1px; border: 1px solid #6b7280; border-radius: 4px; color: #111827; font-weight: bold; text-decoration: none;">{{ score }}</a> {% endfor %}
        </mj-text>
        <mj-text align="center" font-size="13px" line-height="18px" color="#4b5563">${scaleLabel[locale]}</mj-text>`;
}
