using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Elsa.Responses.Benchmarks.Structured;

/// <summary>
/// A 30-property JSON Schema in the shape strict structured output asks for (every property required, no others), and
/// answers for it built in code: the same bytes on every run.
/// </summary>
internal static class StructuredData
{
    /// <summary>
    /// Strings with enums, patterns and lengths; integers with ranges; numbers; booleans; two nested objects; four
    /// arrays, two of them of objects; one nullable string.
    /// </summary>
    public const string Schema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["id", "status", "priority", "customer_name", "customer_email", "country", "currency", "language",
                       "summary", "notes", "quantity", "year", "rating", "attempts", "total", "discount", "weight_kg",
                       "latitude", "longitude", "gift", "express", "paid", "archived", "address", "contact", "lines",
                       "tags", "scores", "history", "reference"],
          "properties": {
            "id": { "type": "string", "pattern": "^ord-[0-9]{6}$" },
            "status": { "type": "string", "enum": ["draft", "open", "shipped", "closed"] },
            "priority": { "type": "string", "enum": ["low", "normal", "high", "urgent"] },
            "customer_name": { "type": "string", "minLength": 1, "maxLength": 80 },
            "customer_email": { "type": "string", "pattern": "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$" },
            "country": { "type": "string", "pattern": "^[A-Z]{2}$" },
            "currency": { "type": "string", "enum": ["EUR", "USD", "GBP"] },
            "language": { "type": "string", "enum": ["en", "fr", "de", "nl", "es"] },
            "summary": { "type": "string", "minLength": 10, "maxLength": 2000 },
            "notes": { "type": "string", "maxLength": 4000 },
            "quantity": { "type": "integer", "minimum": 1, "maximum": 1000 },
            "year": { "type": "integer", "minimum": 2000, "maximum": 2100 },
            "rating": { "type": "integer", "minimum": 1, "maximum": 5 },
            "attempts": { "type": "integer", "minimum": 0, "maximum": 10 },
            "total": { "type": "number", "minimum": 0 },
            "discount": { "type": "number", "minimum": 0, "maximum": 1 },
            "weight_kg": { "type": "number", "exclusiveMinimum": 0 },
            "latitude": { "type": "number", "minimum": -90, "maximum": 90 },
            "longitude": { "type": "number", "minimum": -180, "maximum": 180 },
            "gift": { "type": "boolean" },
            "express": { "type": "boolean" },
            "paid": { "type": "boolean" },
            "archived": { "type": "boolean" },
            "address": {
              "type": "object",
              "additionalProperties": false,
              "required": ["street", "city", "postal_code", "country"],
              "properties": {
                "street": { "type": "string", "minLength": 1, "maxLength": 120 },
                "city": { "type": "string", "minLength": 1, "maxLength": 80 },
                "postal_code": { "type": "string", "pattern": "^[0-9]{4} ?[A-Z]{2}$" },
                "country": { "type": "string", "pattern": "^[A-Z]{2}$" }
              }
            },
            "contact": {
              "type": "object",
              "additionalProperties": false,
              "required": ["phone", "preferred"],
              "properties": {
                "phone": { "type": "string", "pattern": "^\\+[0-9]{8,15}$" },
                "preferred": { "type": "string", "enum": ["email", "phone", "none"] }
              }
            },
            "lines": {
              "type": "array",
              "minItems": 1,
              "maxItems": 100,
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["sku", "description", "quantity", "unit_price"],
                "properties": {
                  "sku": { "type": "string", "pattern": "^[A-Z]{3}-[0-9]{4}$" },
                  "description": { "type": "string", "minLength": 1, "maxLength": 200 },
                  "quantity": { "type": "integer", "minimum": 1, "maximum": 99 },
                  "unit_price": { "type": "number", "minimum": 0 }
                }
              }
            },
            "tags": { "type": "array", "maxItems": 50, "uniqueItems": true, "items": { "type": "string", "pattern": "^[a-z][a-z0-9-]*$" } },
            "scores": { "type": "array", "items": { "type": "number", "minimum": 0, "maximum": 1 } },
            "history": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["at", "event", "by"],
                "properties": {
                  "at": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$" },
                  "event": { "type": "string", "enum": ["created", "paid", "packed", "shipped", "delivered", "note"] },
                  "by": { "type": "string", "minLength": 1 }
                }
              }
            },
            "reference": { "type": ["string", "null"] }
          }
        }
        """;

    private static readonly string[] Words =
        ["order", "parcel", "blue", "steel", "cable", "spare", "kit", "large", "small", "frame", "cover", "light", "bolt", "panel"];

    private static readonly string[] Events = ["created", "paid", "packed", "shipped", "delivered", "note"];

    /// <summary>
    /// An answer that matches <see cref="Schema"/>, about 10 KB: 50 order lines, 30 history entries, 30 tags, 60 scores.
    /// With <paramref name="invalid"/>, the same answer with five errors: an unknown status, a quantity of 0, a bad SKU in
    /// the last line, a history event outside the enum, and a property the schema does not have.
    /// </summary>
    public static string Answer(bool invalid = false)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", "ord-004217");
            w.WriteString("status", invalid ? "lost" : "shipped");
            w.WriteString("priority", "high");
            w.WriteString("customer_name", "Ada Verhoeven-Lovelace");
            w.WriteString("customer_email", "ada.verhoeven@example.nl");
            w.WriteString("country", "NL");
            w.WriteString("currency", "EUR");
            w.WriteString("language", "nl");
            w.WriteString("summary", Sentence(0, 40));
            w.WriteString("notes", Sentence(7, 170));
            w.WriteNumber("quantity", invalid ? 0 : 137);
            w.WriteNumber("year", 2026);
            w.WriteNumber("rating", 4);
            w.WriteNumber("attempts", 2);
            w.WriteNumber("total", 18423.75);
            w.WriteNumber("discount", 0.125);
            w.WriteNumber("weight_kg", 412.6);
            w.WriteNumber("latitude", 52.3676);
            w.WriteNumber("longitude", 4.9041);
            w.WriteBoolean("gift", false);
            w.WriteBoolean("express", true);
            w.WriteBoolean("paid", true);
            w.WriteBoolean("archived", false);

            w.WriteStartObject("address");
            w.WriteString("street", "Prinsengracht 263");
            w.WriteString("city", "Amsterdam");
            w.WriteString("postal_code", "1016 GV");
            w.WriteString("country", "NL");
            w.WriteEndObject();

            w.WriteStartObject("contact");
            w.WriteString("phone", "+31201234567");
            w.WriteString("preferred", "email");
            w.WriteEndObject();

            w.WriteStartArray("lines");
            for (var i = 0; i < 50; i++)
            {
                w.WriteStartObject();
                w.WriteString("sku", invalid && i == 49 ? "ab-12" : $"{(char)('A' + i % 26)}{(char)('A' + i * 7 % 26)}K-{1000 + i * 37:D4}");
                w.WriteString("description", Sentence(i, 8));
                w.WriteNumber("quantity", 1 + i * 5 % 99);
                w.WriteNumber("unit_price", Math.Round(3.5 + i * 1.75, 2));
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartArray("tags");
            for (var i = 0; i < 30; i++)
                w.WriteStringValue($"{Words[i % Words.Length]}-{i}");
            w.WriteEndArray();

            w.WriteStartArray("scores");
            for (var i = 0; i < 60; i++)
                w.WriteNumberValue(Math.Round(i * 37 % 100 / 100.0, 2));
            w.WriteEndArray();

            w.WriteStartArray("history");
            for (var i = 0; i < 30; i++)
            {
                w.WriteStartObject();
                w.WriteString("at", new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc).AddHours(i * 7).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                w.WriteString("event", invalid && i == 12 ? "teleported" : Events[i % Events.Length]);
                w.WriteString("by", $"agent-{i % 5}");
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteNull("reference");
            if (invalid)
                w.WriteString("comment", "not in the schema");
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Sentence(int seed, int words)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
            text.Append(i == 0 ? "" : " ").Append(Words[(seed + i * 5) % Words.Length]);
        return text.Append('.').ToString();
    }
}
