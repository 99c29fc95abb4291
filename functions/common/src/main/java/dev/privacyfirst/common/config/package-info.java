/** Configuration shared by every function, the CDK app and the local cloud. */
package dev.privacyfirst.common.config;
