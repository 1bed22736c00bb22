// Streams one response from an OpenAI-compatible endpoint with the openai npm package and prints one JSON line per
// event as it arrives: {"type", "delta"} for each event, then {"type": "final", "text"} with the completed response's
// text. Settings come from the environment: RELAY_BASE_URL (…/workflows/v1), RELAY_API_KEY, RELAY_MODEL.
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.env.RELAY_BASE_URL, apiKey: process.env.RELAY_API_KEY, maxRetries: 0 });
const stream = await client.responses.create({ model: process.env.RELAY_MODEL, input: 'Say something.', stream: true });
for await (const event of stream) {
  console.log(JSON.stringify({ type: event.type, delta: event.delta ?? null }));
  if (event.type === 'response.completed') {
    const text = event.response.output
      .filter((item) => item.type === 'message')
      .flatMap((item) => item.content)
      .filter((part) => part.type === 'output_text')
      .map((part) => part.text)
      .join('');
    console.log(JSON.stringify({ type: 'final', text }));
  }
}
