// The baseline endpoint: bare Fastify answering POST /v1/track after parsing the JSON, nothing else.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/v1/track', async (request) => ({ success: true, received: typeof request.body }));
app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
  const address = app.server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('disconnect', () => process.exit(0));
